/** Personalized RewardBench, built-in data: preference axes (part 2). See personalized-axes-a.ts. */
import { type Axis, CITIES, combos } from './personalized-axes-a.js';

export const AXES_B: Axis[] = [
  {
    id: 'format',
    poles: [
      {
        id: 'steps',
        aspect: 'Lays the answer out as a numbered list of short steps',
        narrative: 'I lose track in long paragraphs; numbered steps are the only way I follow instructions.',
        reason: 'The user wants numbered steps.',
        posts: [
          {
            category: 'Lifestyle_and_Personal_Development',
            text: 'Is there a good checklist app? I need everything broken into numbered steps or I lose track.',
          },
          { category: 'Home_and_Garden', text: 'Does anyone have the instructions for this bookshelf as a simple step list? Walls of text lose me.' },
        ],
        marker: /^1\. .*\n2\. /m,
      },
      {
        id: 'prose',
        aspect: 'Answers in flowing prose rather than lists or bullet points',
        narrative: 'Lists feel choppy to me; I would rather read a proper explanation in full sentences.',
        reason: 'The user prefers prose.',
        posts: [
          {
            category: 'Lifestyle_and_Personal_Development',
            text: "Why does every guide come as bullet points now? I'd rather read a proper explanation in full sentences.",
          },
          { category: 'Home_and_Garden', text: 'Looking for essay-style woodworking guides; checklists feel choppy and I prefer a narrative.' },
        ],
        marker: /^[^\n]+[.!]$/,
      },
    ],
    templates: [
      {
        category: 'Home_and_Garden',
        question: 'How do I repot a {plant} that has outgrown its pot?',
        answers: [
          '1. Water the {plant} the day before.\n2. Pick a pot one size larger with a drainage hole.\n3. Ease the plant out and loosen circling roots.\n4. Set it at the same depth on fresh compost and fill around it.\n5. Water well and keep it out of direct sun for a week.',
          'Water the {plant} the day before, then pick a pot one size larger with a drainage hole. Ease the plant out, loosen any circling roots, and set it at the same depth on fresh compost before filling around it. Water it well and keep it out of direct sun for a week.',
        ],
        slots: combos({ plant: ['monstera', 'fiddle-leaf fig', 'spider plant', 'peace lily', 'rubber plant', 'snake plant', 'pothos', 'jade plant'] }),
      },
      {
        category: 'Home_and_Garden',
        question: 'How do I get a {stain} stain out of a carpet?',
        answers: [
          '1. Blot up as much as you can with a clean cloth; do not rub.\n2. Mix a few drops of washing-up liquid into warm water.\n3. Dab the mixture onto the {stain} stain from the outside in.\n4. Blot with a dry cloth and repeat until it lifts.\n5. Rinse with plain water and let it dry.',
          'Start by blotting up as much as you can with a clean cloth, without rubbing. Mix a few drops of washing-up liquid into warm water and dab it onto the {stain} stain from the outside in, then blot with a dry cloth and repeat until it lifts. Finish by rinsing with plain water and let it dry.',
        ],
        slots: combos({ stain: ['coffee', 'tea', 'mud', 'ketchup', 'juice', 'chocolate', 'gravy', 'curry'] }),
      },
      {
        category: 'Lifestyle_and_Personal_Development',
        question: 'How should I prepare for a job interview at a {employer}?',
        answers: [
          "1. Research the {employer}'s work, clients and recent news.\n2. Reread the job advert and match each requirement to an example from your work.\n3. Practise answers aloud, especially 'tell me about yourself'.\n4. Prepare two or three questions to ask them.\n5. Plan your route to arrive early.",
          "Start by researching the {employer}'s work, clients and recent news, then reread the job advert and match each requirement to an example from your own work. Practise your answers aloud, especially 'tell me about yourself', prepare two or three questions to ask them, and plan your route to arrive early.",
        ],
        slots: combos({ employer: ['bank', 'hospital', 'start-up', 'school', 'law firm', 'charity', 'design studio', 'council office'] }),
      },
    ],
  },
  {
    id: 'budget',
    poles: [
      {
        id: 'frugal',
        aspect: 'Keeps costs low, with budget and free options',
        narrative: 'Money is tight for me, so I need options that cost as little as possible.',
        reason: 'The user is on a tight budget.',
        posts: [
          { category: 'Travel', text: "What's the cheapest way to eat well while travelling? I backpack on a very tight budget." },
          { category: 'Personal_Finance', text: "Are second-hand appliances worth the risk? I'm saving every penny I can this year." },
        ],
        marker: /\b(hostel|free|cheapest|second-hand|charity shops|picnic|discount|markets)\b/i,
      },
      {
        id: 'luxury',
        aspect: 'Recommends premium, high-end options, since cost is no concern',
        narrative: 'Price is not a concern for me; I want the very best experience available.',
        reason: 'The user wants luxury.',
        posts: [
          { category: 'Travel', text: 'Which airport lounges are actually worth it? I always travel business class and like a quiet space.' },
          {
            category: 'Personal_Finance',
            text: 'Is a private banker worth it once you pass a certain net worth? I like services that handle everything for me.',
          },
        ],
        marker: /\b(five-star|Michelin|private|bespoke|designer|luxury|chauffeur)\b/i,
      },
    ],
    templates: [
      {
        category: 'Travel',
        question: 'Where should I stay and eat during {n} days in {city}?',
        answers: [
          'Book a well-reviewed hostel or guesthouse near the centre so you can walk everywhere, and buy a multi-day transit pass. Eat lunch from markets and bakeries, have one sit-down dinner at a family-run place, and join the free walking tours.',
          'Book a five-star hotel in the old town with a suite and a spa, and arrange a private driver from the airport. Reserve a Michelin-starred tasting menu one night and a chef’s table another, and take a private guided tour of the main sights.',
        ],
        slots: combos({ n: [3, 4, 5], city: CITIES }),
      },
      {
        category: 'Home_and_Garden',
        question: 'How should I furnish the {room} in my new flat?',
        answers: [
          'Look for second-hand pieces on local marketplace apps and in charity shops, where solid wood furniture often costs less than flat-pack. Paint is the cheapest big change, and plants, a rug and a lamp from a discount store make the {room} feel finished.',
          'Work with an interior designer and commission bespoke pieces, from a designer sofa or bed to a hand-knotted rug and statement lighting. Add custom joinery for storage, fine linen and original art, and the {room} will feel like a luxury hotel suite.',
        ],
        slots: combos({ room: ['bedroom', 'living room', 'home office', 'spare room', 'hallway', 'dining room', 'nursery', 'reading nook'] }),
      },
      {
        category: 'Lifestyle_and_Personal_Development',
        question: "What's a good way to celebrate my partner's {age}th birthday?",
        answers: [
          'Plan a picnic in a favourite park with homemade food, a cake you bake together and a playlist of songs from the year you met. Add a visit to a free museum or a sunset walk, and finish with a handwritten letter about your favourite memories.',
          'Book a weekend at a luxury spa resort with a private suite, a couples’ massage and a tasting menu at a Michelin-starred restaurant. Arrange a chauffeur for the evening and surprise them with a designer watch engraved with the date you met.',
        ],
        slots: combos({ age: [25, 30, 35, 40, 45, 50, 55, 60] }),
      },
    ],
  },
  {
    id: 'time',
    poles: [
      {
        id: 'quick',
        aspect: 'Fits into a few minutes, since the user is very short of time',
        narrative: 'Between work and the kids I have almost no spare time, so it has to be fast.',
        reason: 'The user is very busy.',
        posts: [
          { category: 'Food_and_Cooking', text: 'Meal prep ideas that take under 20 minutes? Two kids, a full-time job and no time at all.' },
          { category: 'Home_and_Garden', text: 'Fastest way to keep a bathroom clean? I get maybe ten minutes a day for chores.' },
        ],
        marker: /\b(ten|fifteen|twenty|five)[ -]minutes?\b/i,
      },
      {
        id: 'leisurely',
        aspect: 'Suggests an involved project the user can spend hours on',
        narrative: "I'm retired and love projects that take all weekend; the slower the better.",
        reason: 'The user enjoys long, slow projects.',
        posts: [
          { category: 'Food_and_Cooking', text: 'Cooking projects that take all day? Slow cooking on a Sunday is how I relax.' },
          { category: 'Home_and_Garden', text: "Looking for a woodworking project I can spend months on. I'm retired and love taking my time." },
        ],
        marker: /\b(hours|a whole weekend|whole afternoons)\b/i,
      },
    ],
    templates: [
      {
        category: 'Home_and_Garden',
        question: 'How can I make my {room} tidier?',
        answers: [
          'Set a ten-minute timer each evening and put back everything that is out of place, starting with the floor and the surfaces. Keep a basket for stray items and deal with the post as it arrives, so piles never build up.',
          'Set aside a whole weekend: empty the {room} completely, sort everything into keep, donate and bin, then clean it from top to bottom. Spend the Sunday building proper storage, like shelves or a cupboard, so everything has a home.',
        ],
        slots: combos({ room: ['bedroom', 'kitchen', 'garage', 'living room', 'home office', 'loft', 'shed', 'utility room'] }),
      },
      {
        category: 'Food_and_Cooking',
        question: 'How should I make tomato soup for {n} people?',
        answers: [
          'Soften an onion and garlic in olive oil for five minutes, add chopped tomatoes, stock and a pinch of sugar, simmer for ten minutes and blend until smooth. It is on the table in twenty minutes for {n}, and it freezes well.',
          'Slowly roast tomatoes, onion and a whole head of garlic for two hours until sticky, then simmer them in homemade stock for another hour before blending. Spend the morning on a loaf of bread to serve alongside for {n}.',
        ],
        slots: combos({ n: [2, 3, 4, 5, 6, 8, 10, 12] }),
      },
      {
        category: 'Lifestyle_and_Personal_Development',
        question: 'How can I start learning {skill}?',
        answers: [
          'Fit it into short daily sessions: fifteen minutes a day with a good app or beginner course is enough to make steady progress with {skill}. Practise at the same time each day, such as after breakfast, and keep a streak going.',
          'Treat {skill} as a long project: block out a few hours every Saturday for a structured course and spend whole afternoons practising and exploring. Join a local class or club too, which usually meets for an evening each week.',
        ],
        slots: combos({ skill: ['the guitar', 'Spanish', 'drawing', 'chess', 'the piano', 'photography', 'knitting', 'calligraphy'] }),
      },
    ],
  },
];
